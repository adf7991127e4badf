import { Test } from '@nestjs/testing';
import { AppModule } from './app.module.js';

describe('AppModule', () => {
  it('compiles', async () => {
    const ref = await Test.createTestingModule({ imports: [AppModule] }).compile();
    expect(ref.get(AppModule)).toBeInstanceOf(AppModule);
    await ref.close();
  });
});
