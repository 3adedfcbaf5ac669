import 'reflect-metadata';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  Body,
  CanActivate,
  Controller,
  ExecutionContext,
  Headers,
  HttpCode,
  INestApplication,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestModule,
  PipeTransform,
  Post,
  Type,
  UnauthorizedException,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import pino from 'pino';
import { Histogram, Registry } from 'prom-client';
import {
  CorrelationId,
  JsonDepthMiddleware,
  MAX_JSON_DEPTH,
  ServiceMetrics,
  ServiceSettings,
  configureHttp,
  createJsonLogger,
  fieldNestedTooDeep,
  productOrigins,
} from '@helpdesk/event-log-nest';
import { EdgeVariant } from './edge-variants';
import {
  CreateTicketDto,
  HttpMetricsMiddleware,
  hashIntegratorKey,
  looksLikeIntegratorKey,
  requestLog,
} from './product-edge';
import { ZodBodyPipe } from './ticket-schema';

/** What every variant answers to a valid ticket: the size and shape of intake's 201. */
export const FIXED_ANSWER = {
  id: '6f1c2a9e-3b7d-4e0a-9c55-1d2e3f4a5b6c',
  status: 'new',
  level: 'L1',
  priority: 'P2',
  links: { self: '/api/v1/tickets/6f1c2a9e-3b7d-4e0a-9c55-1d2e3f4a5b6c' },
} as const;

const FIXED_ANSWER_JSON = JSON.stringify(FIXED_ANSWER);

export interface RunningEdgeApp {
  port: number;
  close(): Promise<void>;
}

/** The integrator keys the guard knows, by hash: what intake's key cache holds once warm. */
class KnownKeys {
  constructor(readonly byHash: ReadonlyMap<string, string>) {}
}

/** ApiKeyGuard as it runs once intake's cache is warm: the format, a hash, a map lookup. */
@Injectable()
class KnownKeyGuard implements CanActivate {
  constructor(private readonly keys: KnownKeys) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | string[] | undefined>;
      integrator?: string;
    }>();
    const header = request.headers['x-api-key'];
    const keyId =
      typeof header === 'string' && looksLikeIntegratorKey(header)
        ? this.keys.byHash.get(hashIntegratorKey(header))
        : undefined;
    if (keyId === undefined) throw new UnauthorizedException('a valid API key is required');
    request.integrator = keyId;
    return true;
  }
}

@Controller('api/v1/tickets')
@UseGuards(KnownKeyGuard)
class EdgeTicketsController {
  /** intake's create() without the database: the same parameters, a fixed answer. */
  @Post()
  @HttpCode(201)
  create(
    @Body() _body: CreateTicketDto,
    @CorrelationId() _correlationId: string,
    @Headers('idempotency-key') _idempotencyKey: string | undefined,
  ): typeof FIXED_ANSWER {
    return FIXED_ANSWER;
  }
}

function edgeModule(variant: EdgeVariant, apiKey: string): Type<unknown> {
  const metrics = variant.layers.includes('metrics') || variant.layers.includes('as-today');
  const settings = Object.assign(new ServiceSettings(), {
    INTERNAL_API_TOKEN: 'edge-bench-internal-token',
    AUTH_SECRET: 'edge-bench-auth-secret-of-at-least-32-characters',
  });
  @Module({
    controllers: [EdgeTicketsController],
    providers: [
      KnownKeyGuard,
      {
        provide: KnownKeys,
        useValue: new KnownKeys(new Map([[hashIntegratorKey(apiKey), 'edge-bench-key']])),
      },
      { provide: ServiceSettings, useValue: settings },
      // HttpMetricsMiddleware only uses the histogram.
      {
        provide: ServiceMetrics,
        useValue: {
          httpRequestDuration: new Histogram({
            name: 'helpdesk_http_request_duration_seconds',
            help: 'as ServiceMetrics defines it',
            labelNames: ['method', 'route', 'status_code'] as const,
            registers: [new Registry()],
          }),
        },
      },
    ],
  })
  class EdgeModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      // As TicketServiceModule applies them. Under Fastify, Nest middleware runs before the
      // body is parsed: the depth check is a preValidation hook there (see startFastify).
      const middleware = [
        ...(metrics ? [HttpMetricsMiddleware] : []),
        ...(variant.adapter === 'express' ? [JsonDepthMiddleware] : []),
      ];
      if (middleware.length > 0) consumer.apply(...middleware).forRoutes('{*path}');
    }
  }
  return EdgeModule;
}

function validationPipe(variant: EdgeVariant): PipeTransform {
  return variant.validator === 'zod'
    ? new ZodBodyPipe()
    : new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
}

/** Starts the variant's server on 127.0.0.1 and an ephemeral port. */
export async function startEdgeApp(variant: EdgeVariant, apiKey: string): Promise<RunningEdgeApp> {
  switch (variant.adapter) {
    case 'node':
      return startNodeHttp();
    case 'express':
      return listen(await createExpress(variant, apiKey));
    case 'fastify':
      return listen(await createFastify(variant, apiKey));
  }
}

async function createExpress(variant: EdgeVariant, apiKey: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(edgeModule(variant, apiKey), {
    bodyParser: false,
    abortOnError: false,
    logger: false,
  });
  const layers = variant.layers;
  // The product's request log writes a JSON line a request to stdout; here to /dev/null, so
  // the write is paid and nobody has to read it.
  const logger = createJsonLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  logger.setBindings({ service: 'intake' });
  if (layers.includes('request-log') || layers.includes('as-today')) app.use(requestLog(logger));
  if (layers.includes('as-today')) {
    configureHttp(app);
    return app;
  }
  if (layers.includes('helmet')) {
    const settings = app.get(ServiceSettings);
    // As configureHttp sets it up.
    app.use(
      helmet({
        contentSecurityPolicy: {
          directives: {
            'form-action': ["'self'", ...productOrigins(settings)],
            'upgrade-insecure-requests': null,
          },
        },
      }),
    );
  }
  app.useBodyParser('json', { limit: '64kb' });
  app.useGlobalPipes(validationPipe(variant));
  return app;
}

async function createFastify(variant: EdgeVariant, apiKey: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    edgeModule(variant, apiKey),
    new FastifyAdapter({ bodyLimit: 64 * 1024 }),
    { abortOnError: false, logger: false },
  );
  // JsonDepthMiddleware's check, once Fastify has parsed the body, with Nest's 400 body.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', async (request, reply) => {
      const field = fieldNestedTooDeep(request.body, MAX_JSON_DEPTH);
      if (field === undefined) return;
      return reply.code(400).send({
        message: [`${field} is nested more than ${MAX_JSON_DEPTH} levels deep`],
        error: 'Bad Request',
        statusCode: 400,
      });
    });
  app.useGlobalPipes(validationPipe(variant));
  return app;
}

async function listen(app: INestApplication): Promise<RunningEdgeApp> {
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as http.Server;
  return { port: (server.address() as AddressInfo).port, close: () => app.close() };
}

/** The floor: what node:http, reading and parsing the body, costs with nothing on top. */
async function startNodeHttp(): Promise<RunningEdgeApp> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        response.writeHead(400, { 'content-length': 0 }).end();
        return;
      }
      response.writeHead(201, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(FIXED_ANSWER_JSON),
      });
      response.end(FIXED_ANSWER_JSON);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
