import { getMetadataStorage } from 'class-validator';
import { PLATFORMS } from '@mb/vocabulary';
import { PLATFORM_REGISTRY } from './platform-registry';

/** The credential fields each platform needs; validated on registration, stored only encrypted. */
export const CREDENTIALS_SHAPE = Object.fromEntries(
  PLATFORMS.map((platform) => [platform, PLATFORM_REGISTRY[platform].credentials]),
) as Record<(typeof PLATFORMS)[number], new () => object>;

/** The names of each platform's credential fields, for a form that asks for them (read from the validation rules, so they cannot drift). */
export function credentialFields(): Record<(typeof PLATFORMS)[number], string[]> {
  const storage = getMetadataStorage();
  return Object.fromEntries(
    PLATFORMS.map((platform) => [
      platform,
      [...new Set(storage.getTargetValidationMetadatas(CREDENTIALS_SHAPE[platform], '', true, false).map((rule) => rule.propertyName))],
    ]),
  ) as Record<(typeof PLATFORMS)[number], string[]>;
}
