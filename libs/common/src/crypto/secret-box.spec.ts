import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('opens what it sealed for the same row, and the ciphertext does not contain the secret', () => {
    const sealed = box.seal('{"accessToken":"2.00secret-token"}', 'account:weibo:1');
    expect(sealed).not.toContain('secret-token');
    expect(box.open(sealed, 'account:weibo:1')).toBe('{"accessToken":"2.00secret-token"}');
  });

  it('refuses a ciphertext moved to another row or altered', () => {
    const sealed = box.seal('token', 'account:weibo:1');
    expect(() => box.open(sealed, 'account:weibo:2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'account:weibo:1')).toThrow();
  });
});
