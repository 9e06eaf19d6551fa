import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Services } from '../services.ts';
import { AppError } from '../lib/errors.ts';
import { errorHandler } from './errors.ts';
import { registerAuth } from './auth.ts';
import { registerMetrics } from './metrics.ts';
import type { App } from './types.ts';
import { routeModules } from './routes.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface BuildServerOptions {
  logger?: FastifyServerOptions['logger'];
  webDist?: string | null;
}

/** The HTTP server: plugins, auth, every module's routes, the OpenAPI document, and the web UI. */
export async function buildServer(services: Services, opts: BuildServerOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? { level: services.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Malformed URLs and over-long path segments are refused by the router, before any route:
    // answer them with the same error shape as everything else.
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // YAML bodies (template import) arrive as text and are parsed by the service.
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  await app.register(cookie);
  // Only routes that opt in (sign-in, setup) are limited; see their `config.rateLimit`.
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', `Too many attempts. Wait ${Math.ceil(ctx.ttl / 1000)} s and try again.`),
  });
  await app.register(multipart, { limits: { fileSize: services.config.maxUploadBytes, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Golive API', version: '1', description: 'Enterprise deployment control plane. Authenticate with `Authorization: Bearer <token>` or the session cookie.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerMetrics(app);
  registerAuth(app, { db: services.database.db, access: services.access, cache: services.accessCache });
  for (const register of routeModules) register(app, services);

  const webDist = opts.webDist === undefined ? WEB_DIST : opts.webDist;
  const hasWeb = webDist !== null && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });

  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url === '/api';
    // Client-side routes get the app; a missing asset (a file name) stays a 404 so a stale page fails loudly.
    // (Item keys end in ".<n>", so only real asset extensions count.)
    const isAsset = /\.(js|mjs|css|map|svg|png|jpe?g|gif|webp|ico|woff2?|ttf|txt|webmanifest)$/i.test(req.url.split('?')[0]!);
    if (!isApi && !isAsset && hasWeb && req.method === 'GET') return reply.type('text/html').sendFile('index.html');
    throw new AppError('not_found', `No such endpoint: ${req.method} ${req.url.split('?')[0]}. See /api/docs.`);
  });
  return app;
}
