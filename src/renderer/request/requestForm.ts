/**
 * "Request customer acceptance" as the form holds it. The rule lives in src/shared, where the
 * core's bulk request reaches it too.
 */
export { REQUEST_FIELDS, normaliseCountry, normaliseLanguage, requestFormDefaults, usualLanguage, type RequestFormValues } from '../../shared/acceptance-request';
