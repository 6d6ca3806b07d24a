import { z } from 'zod';

/** Error codes every handler may answer with. The renderer maps each to a translated message. */
export const errorCodeSchema = z.enum([
  'invalid-input', // the request did not match the contract; `details.issues` says where
  'not-found', // the thing asked for is not in the local store
  'offline', // the action needs Partner Center and the app is offline
  'forbidden', // the signed-in role may not do this
  'partner-center', // Partner Center answered with an error; `details` carries its code
  'conflict', // the store refused the change (e.g. a second instance holds the database)
  'mca-required', // Partner Center needs the customer's MCA acceptance first (13605)
  'internal', // a bug: logged, shown with its message
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** One validation problem, at a field path, with a translation key as its message (and what fills it). */
export const issueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Issue = z.infer<typeof issueSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z
    .object({
      issues: z.array(issueSchema).optional(),
      httpStatus: z.number().int().optional(),
      partnerCenterCode: z.string().optional(),
      correlationId: z.string().optional(),
      requestId: z.string().optional(),
      /** create-customer: the fields Partner Center refused (e.g. company.domainPrefix). */
      fields: z.array(z.string()).optional(),
    })
    .optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
