export default async function globalTeardown() {
  await globalThis.__WEIXIN_TEST_PG__?.stop();
}
