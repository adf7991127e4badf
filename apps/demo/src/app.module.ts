import { Module } from '@nestjs/common';

/** The demo application: a NestJS app that runs a WeChat bot through `@app/weixin`. */
@Module({})
export class AppModule {}
