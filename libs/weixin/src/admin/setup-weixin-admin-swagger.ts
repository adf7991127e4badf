import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { WeixinAdminModule } from './weixin-admin.module.js';

/**
 * Serves the OpenAPI description of the admin API at `<path>/docs` (UI) and `<path>/docs-json`.
 * `path` is the admin module's path prefix.
 */
export function setupWeixinAdminSwagger(app: INestApplication, path = 'weixin-admin'): void {
  const config = new DocumentBuilder()
    .setTitle('nestjs-weixin admin API')
    .setDescription('Accounts, QR login, typing, sends, outbox, ledgers and dead letters')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, { include: [WeixinAdminModule] });
  SwaggerModule.setup(`${path.replace(/^\/+|\/+$/g, '')}/docs`, app, document);
}
