// For the TypeORM CLI: `npx typeorm migration:run -d dist/data-source.js` applies the library's
// migrations (and yours) without starting the app; `migration:show` lists what is applied.
import { DataSource } from 'typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS } from 'nestjs-weixin';

export default new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [...WEIXIN_ENTITIES /*, your entities */],
  migrations: [...WEIXIN_MIGRATIONS /*, your migrations */],
});
