// Shapes shared by the Node and the fetch-style handlers. No imports: edge runtimes load it.

/** What the browser needs to sign one upload: `{ token, expire, signature }`. */
export interface AuthenticationParameters {
  token: string;
  expire: number;
  signature: string;
}
