// A field-level problem of a competence form that only the domain can see (a date in the past,
// a person who already meets the target): the field and its message key.
export class CompetenceFormError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}
