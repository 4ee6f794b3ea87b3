import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it.each([
    ['password1234', 'common or guessable'],
    ['aaaaaaaaaaaa', 'a repetition'],
    ['123456789012', 'a sequence'],
    ['qwertyuiopas', 'a keyboard walk'],
    ['zhangsan1990!', 'the user name and a year'],
  ])('refuses %s (%s)', (password) => {
    expect(passwordProblem(password, ['zhangsan', '张三'])).not.toBeNull();
  });

  it('refuses a password longer than bcrypt reads, so no suffix is silently ignored', () => {
    const long = '警方发布悬赏通告请广大群众积极提供线索共同维护社会治安稳定和谐';
    expect(Buffer.byteLength(long)).toBeGreaterThan(72);
    expect(passwordProblem(long)).toMatch(/72 bytes/);
  });

  it('accepts a long phrase of unrelated words and random strings', () => {
    expect(passwordProblem('copper-lantern-violet-harbour')).toBeNull();
    expect(passwordProblem('user-3f9a1c0b7e2d4a6f8b1c3e5d')).toBeNull();
    expect(passwordProblem('demo-x7Rk2pQ9vL3m')).toBeNull();
  });
});
