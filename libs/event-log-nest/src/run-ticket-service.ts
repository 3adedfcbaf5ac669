import 'reflect-metadata';
import { Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger as Pino } from 'pino';
import { ServiceIdentity } from './commands/service-identity';
import { readSettings } from './event-log.settings';
import { TicketErrorsFilter } from './http/ticket-errors.filter';
import { JsonLogger, createJsonLogger } from './observability/json-logger';
import { ObservabilitySettings } from './observability/observability.settings';
import { requestLog } from './observability/request-log';
import { TicketEventStream } from './ticket-event-stream.server';
import { ServiceSettings, productOrigins } from './service.settings';

/**
 * Starts a ticket service: its HTTP edge on PORT (default `defaultPort`) and its projection,
 * fed by the event log. SIGINT/SIGTERM close both cleanly. It logs JSON lines on stdout, from
 * LOG_LEVEL (default info) up.
 */
export async function runTicketService(
  loadAppModule: () => Promise<Type<unknown>>,
  defaultPort: number,
): Promise<void> {
  const logger = createJsonLogger('info');
  Logger.overrideLogger(new JsonLogger(logger));
  try {
    logger.level = readSettings(ObservabilitySettings, process.env).LOG_LEVEL;
    // Loaded here rather than imported at the top of main.ts: the module validates the settings
    // as it loads, and a wrong setting must end in the one-line message below, not a trace.
    await start(await loadAppModule(), defaultPort, logger);
  } catch (error) {
    // A wrong setting or an unreachable database stops the service with the reason, not a trace.
    new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

async function start(appModule: Type<unknown>, defaultPort: number, logger: Pino): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(appModule, {
    bodyParser: false,
    // Let a failed start reach runTicketService's one-line message instead of Nest's exit.
    abortOnError: false,
    logger: new JsonLogger(logger),
  });
  // The lines of the start so far had no service to name; from here on every line does.
  logger.setBindings({ service: app.get(ServiceIdentity).name });
  // First: it times and logs every request, the ones the body parsers refuse too.
  app.use(requestLog(logger));
  configureHttp(app);
  app.enableShutdownHooks();
  await app.init();
  app.connectMicroservice({ strategy: app.get(TicketEventStream) });
  await app.startAllMicroservices();
  const port = Number(process.env['PORT'] ?? defaultPort);
  await app.listen(port, process.env['HOST'] ?? '0.0.0.0');
  new Logger('Bootstrap').log(`listening on port ${port}`);
}

/**
 * The HTTP edge every service shares: bounded JSON and form bodies, validation that names the
 * wrong field and rejects unknown ones, domain refusals as 409s, cookies, security headers
 * (forms may post only to the product's own origins), OpenAPI docs.
 */
export function configureHttp(app: NestExpressApplication): void {
  const settings = app.get(ServiceSettings);
  // First, so that even the body parsers' refusals (413, malformed JSON) carry the headers.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'form-action': ["'self'", ...productOrigins(settings)],
          // Plain-HTTP deployments (npm start, a private network) would break on it; behind
          // TLS the ingress's HSTS does the job.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  app.useBodyParser('json', { limit: '64kb' });
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false, parameterLimit: 100 });
  app.useBodyParser('text', { limit: '1mb', type: ['message/rfc822', 'text/plain'] });
  // Behind an ingress or load balancer on a private network, X-Forwarded-Proto tells TLS.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(cookieParser());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new TicketErrorsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Helpdesk')
      .setVersion('1')
      .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'api-key')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
