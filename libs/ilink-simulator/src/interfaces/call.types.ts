/** One HTTP request the simulator received (for header and body assertions). */
export interface SimCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body (uint64 ids kept as strings) or undefined. */
  body?: unknown;
  at: number;
}
