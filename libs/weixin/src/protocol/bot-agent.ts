/** Longest `bot_agent` the protocol accepts, in bytes (protocol §4). */
export const BOT_AGENT_MAX_BYTES = 256;

const PRODUCT = /^[A-Za-z0-9_.-]{1,32}\/[A-Za-z0-9_.+-]{1,32}$/;
const COMMENT = /^\([\x20-\x27\x2a-\x7e]{1,64}\)$/;

/** Splits the text into product tokens and parenthesised comment tokens. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(') {
      const close = text.indexOf(')', i + 1);
      const end = close === -1 ? text.length : close + 1;
      tokens.push(text.slice(i, end));
      i = end;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end]!) && text[end] !== '(') end++;
      tokens.push(text.slice(i, end));
      i = end;
    }
  }
  return tokens;
}

/**
 * Sanitizes a `base_info.bot_agent` value to the protocol §4 grammar: space-separated products
 * `Name/Version`, each optionally followed by one ` (comment)`. Invalid tokens are dropped,
 * trailing products are dropped until the result fits in {@link BOT_AGENT_MAX_BYTES}, and an
 * empty result answers `fallback`.
 */
export function sanitizeBotAgent(value: string, fallback: string): string {
  const products: string[] = [];
  for (const token of tokenize(value)) {
    if (PRODUCT.test(token)) {
      products.push(token);
    } else if (COMMENT.test(token) && products.length > 0) {
      const last = products[products.length - 1]!;
      if (!last.includes(' (')) products[products.length - 1] = `${last} ${token}`;
    }
  }
  while (products.length > 0 && Buffer.byteLength(products.join(' ')) > BOT_AGENT_MAX_BYTES) {
    products.pop();
  }
  return products.length > 0 ? products.join(' ') : fallback;
}
