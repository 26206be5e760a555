/**
 * Progress on stderr, only when it is a terminal (quiet in pipes and CI).
 *
 * @module
 */
export interface Progress {
  update(message: string): void;
  done(): void;
}

export function progress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = stream.isTTY === true && process.env.CI === undefined;
  let last = 0;
  let shown = false;
  return {
    update(message) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[K${message}`);
    },
    done() {
      if (enabled && shown) stream.write('\r\x1b[K');
    },
  };
}
