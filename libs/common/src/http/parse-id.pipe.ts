import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { validationFailure } from './validation';

/** A path id that must be a UUID; a malformed one is a 400 naming the parameter, like any field. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const name = metadata.data ?? 'id';
    if (typeof value !== 'string' || !isUUID(value)) throw validationFailure([{ field: name, message: `${name} must be a UUID` }]);
    return value;
  }
}
