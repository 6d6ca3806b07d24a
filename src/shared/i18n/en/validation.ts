/** Field messages (keys used by validation.ts). */
export const validation = {
  'validation.firstName.required': 'Enter the first name of the person who accepted.',
  'validation.firstName.tooLong': 'First name can be at most 50 characters.',
  'validation.firstName.invalid': 'First name cannot contain < or > or control characters.',
  'validation.lastName.required': 'Enter the last name of the person who accepted.',
  'validation.lastName.tooLong': 'Last name can be at most 50 characters.',
  'validation.lastName.invalid': 'Last name cannot contain < or > or control characters.',
  'validation.email.required': 'Enter the email address of the person who accepted.',
  'validation.email.invalid': 'Enter an email address like name@contoso.com.',
  'validation.phone.invalid': 'Enter a phone number of digits, spaces, + ( ) - . / (4 to 30 characters), or leave it empty.',
  'validation.date.required': 'Pick the date the customer accepted.',
  'validation.date.invalid': 'Enter a real date as YYYY-MM-DD.',
  'validation.date.future': 'The date of acceptance cannot be in the future.',
  'validation.date.tooOld': 'The date of acceptance cannot be before 2017.',
  'validation.discardReason.required': 'Say why this confirmation is discarded (at least 3 characters).',
  'validation.discardReason.tooLong': 'Keep the reason under 500 characters.',
  'validation.customerId.invalid': 'A customer id is a tenant GUID like 00000000-0000-0000-0000-000000000000.',
} as const;
