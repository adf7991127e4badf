import { parseIlinkJson } from 'nestjs-weixin/internal';
import type { GetUpdatesResponse } from 'nestjs-weixin';
import type { Benchmark } from './benchmark.types.js';
import { buildGetUpdatesBody } from './fixtures/getupdates-body.fixture.js';
import { sideBySide } from './measure.js';
import { importOfficialClient } from './peers/official/official-client.loader.js';

const BODY_BYTES = 1024 * 1024;
const TARGET_RATIO = 1.5;

/** The ids of a parsed body in document order: message, item, quoted message. */
function idsOf(parsed: GetUpdatesResponse): unknown[] {
  const ids: unknown[] = [];
  for (const msg of parsed.msgs ?? []) {
    ids.push(msg.message_id);
    for (const item of msg.item_list ?? []) {
      ids.push(item.msg_id);
      if (item.ref_msg) ids.push(item.ref_msg.svr_id);
    }
  }
  return ids;
}

/** Lossless `getupdates` parse vs plain `JSON.parse` on the same 1 MiB text. */
export const getUpdatesParseBenchmark: Benchmark = {
  name: 'getupdates-parse',
  description: 'parseIlinkJson vs JSON.parse, 1 MiB getupdates body with uint64 ids > 2^53',
  async run() {
    const { text, ids } = buildGetUpdatesBody(BODY_BYTES);
    const parsed = parseIlinkJson(text) as GetUpdatesResponse;
    const got = idsOf(parsed);
    const exact = got.length === ids.length && got.every((id, i) => id === ids[i]);
    if (!exact) throw new Error('parseIlinkJson did not return every uint64 id exactly');
    const plainLoses = idsOf(JSON.parse(text) as GetUpdatesResponse).some(
      (id, i) => String(id) !== ids[i],
    );
    const times = sideBySide(
      () => parseIlinkJson(text),
      () => JSON.parse(text),
      { warmup: 20, repetitions: 60 },
    );
    const ratio = times.oursMs / times.baselineMs;
    // Beside it, the official client's own parse of the same text (in this process, alternating).
    const { api } = await importOfficialClient();
    const officialIds = idsOf(api.parseWeixinApiJson(text) as GetUpdatesResponse);
    const officialExact =
      officialIds.length === ids.length && officialIds.every((id, i) => String(id) === ids[i]);
    const official = sideBySide(
      () => parseIlinkJson(text),
      () => api.parseWeixinApiJson(text),
      { warmup: 5, repetitions: 20 },
    );
    return {
      value: times.oursMs,
      unit: 'ms/parse',
      baseline: times.baselineMs,
      ratio,
      target: `ratio ≤ ${TARGET_RATIO}`,
      pass: ratio <= TARGET_RATIO,
      notes: [
        `${(text.length / 1024).toFixed(0)} KiB, ${parsed.msgs?.length ?? 0} messages, ${ids.length} ids`,
        `all ${ids.length} ids exact; JSON.parse loses precision: ${plainLoses ? 'yes' : 'no'}`,
        `official client's parseWeixinApiJson: ${official.baselineMs.toFixed(1)} ms vs ours ` +
          `${official.oursMs.toFixed(1)} ms (ours ${(official.baselineMs / official.oursMs).toFixed(1)}× ` +
          `faster; its ids exact: ${officialExact ? 'yes' : 'no'})`,
      ],
    };
  },
};
