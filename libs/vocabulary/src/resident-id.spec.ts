import { isResidentIdNumber } from './resident-id';

describe('resident ID numbers', () => {
  it('accept a number whose check character matches', () => {
    expect(isResidentIdNumber('370681199001011234')).toBe(true);
  });

  it('refuse a wrong check character, a short number and lowercase x', () => {
    expect(isResidentIdNumber('370681199001011235')).toBe(false);
    expect(isResidentIdNumber('37068119900101123')).toBe(false);
    expect(isResidentIdNumber('37068119900101123x')).toBe(false);
  });
});
