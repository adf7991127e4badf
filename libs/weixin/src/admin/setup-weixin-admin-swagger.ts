import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { WeixinAdminModule } from './weixin-admin.module.js';

/**
 * Serves the OpenAPI description of the admin API: the UI at `docsPath` and the JSON document at
 * `<docsPath>-json` (with the app's global prefix, if any, in front of both).
 * @param app The Nest HTTP application that imported `WeixinAdminModule`.
 * @param docsPath Where the documentation is served.
 * @default docsPath 'weixin-admin/docs'
 */
export function setupWeixinAdminSwagger(
  app: INestApplication,
  docsPath = 'weixin-admin/docs',
): void {
  const config = new DocumentBuilder()
    .setTitle('nestjs-weixin admin API')
    .setDescription('Accounts, QR login, typing, sends, outbox, ledgers and dead letters')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, { include: [WeixinAdminModule] });
  SwaggerModule.setup(docsPath.replace(/^\/+|\/+$/g, ''), app, document);
}
