/** Work that outlives the request that started it (extensions, webhooks); `close()` waits for it. */
export class Background {
  readonly #pending = new Set<Promise<void>>();

  /** Runs `job` now, in the background; a failure is logged, never thrown into a request. */
  run(label: string, job: () => Promise<void>): void {
    const running: Promise<void> = job()
      .catch((error: unknown) => console.error(`[ik-emulator] ${label} failed:`, error))
      .finally(() => this.#pending.delete(running));
    this.#pending.add(running);
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Resolves once every job started so far (and any they started) has finished. */
  async idle(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }
}
