/**
 * Checks `holds` every `everyMs` until it answers true: specs wait for a state instead of a fixed
 * time, which a loaded machine can overrun. The test's timeout bounds the wait.
 */
export async function until(holds: () => Promise<boolean> | boolean, everyMs = 10): Promise<void> {
  while (!(await holds())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
