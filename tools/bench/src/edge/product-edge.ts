/* eslint-disable @nx/enforce-module-boundaries -- The edge bench measures the product's own DTO,
   key format and middleware, none of which a library exports: a copy would measure something
   else, and drift. Only this file reaches into intake and event-log-nest by path. */

/** POST /api/v1/tickets's body, as intake's controller validates it. */
export { CreateTicketDto } from '../../../../services/intake/src/http/dto/ticket-request.dto';
export { isStorableText } from '../../../../services/intake/src/domain/storable-text';
export {
  hashIntegratorKey,
  looksLikeIntegratorKey,
  newIntegratorSecret,
} from '../../../../services/intake/src/integrators/integrator-key.secret';
export { requestLog } from '../../../../libs/event-log-nest/src/observability/request-log';
export { HttpMetricsMiddleware } from '../../../../libs/event-log-nest/src/observability/http-metrics.middleware';
