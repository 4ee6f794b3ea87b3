import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export const PASSWORD_MIN_CHARACTERS = 12;
/** bcrypt reads 72 bytes and ignores the rest, so a longer password would be only its prefix. */
export const PASSWORD_MAX_BYTES = 72;
/** zxcvbn's scale: 3 is "safely unguessable" against an online attack with throttling (about 10^8 guesses). */
const MIN_SCORE = 3;

const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
});

/** The passwords that top leaked-password lists, compared whole and case-blind. */
const COMMON_PASSWORDS = new Set((common.dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));

/**
 * Why a password may not be used, or null when it may. The user's own names count against it,
 * as an attacker would try them first.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if ([...password].length < PASSWORD_MIN_CHARACTERS) return `password must have at least ${PASSWORD_MIN_CHARACTERS} characters`;
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES)
    return `password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (a Chinese character takes 3)`;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'password is on the list of common passwords';
  const verdict = estimator.check(password, userInputs.filter(Boolean));
  if (verdict.score < MIN_SCORE) {
    const hint = verdict.feedback.warning ? ` (${verdict.feedback.warning})` : '';
    return `password is too easy to guess${hint}: use a longer phrase of unrelated words`;
  }
  return null;
}
