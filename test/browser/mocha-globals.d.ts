// The mocha globals @web/test-runner provides in the page, typed just enough for our tests.
interface MochaContext {
  timeout(ms: number): void;
  slow(ms: number): void;
  retries(n: number): void;
}
type MochaFn = (this: MochaContext) => void | Promise<unknown>;
declare function describe(title: string, fn: (this: MochaContext) => void): void;
declare function it(title: string, fn?: MochaFn): void;
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
