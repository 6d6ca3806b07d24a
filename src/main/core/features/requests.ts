import { AppFailure } from '../app-failure';
import type { ProfileParts } from '../compose';

/** Customer acceptance requests (the enhanced attestation API). Being built: each call refuses, typed, until then. */
export function createRequestsFeature(_p: ProfileParts) {
  const notYet = (): never => {
    throw new AppFailure('internal', 'error.internal', undefined, { message: 'not available in this build yet' });
  };
  return {
    requestAcceptance: notYet,
    watchAdminCenterAcceptance: notYet,
    checkNow: notYet,
    sendNewRequest: notYet,
    convertToRequest: notYet,
    setWebAppKey: notYet,
    clearWebAppKey: notYet,
  };
}
