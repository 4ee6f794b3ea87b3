import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Flattens class-validator's nested errors into dotted field paths such as `wanted.suspect.idNumber`. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not an accepted field'),
    }));
    return [...own, ...fieldProblems(error.children ?? [], `${field}.`)];
  });
}

export function validationFailure(problems: FieldProblem[]): BadRequestException {
  const first = problems[0];
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: first ? `${first.field}: ${first.message}` : 'invalid input',
    field: first?.field,
    errors: problems,
  });
}

/** The one validation pipe of the API: strips nothing silently, refuses unknown fields, converts types. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailure(fieldProblems(errors)),
  });
}
