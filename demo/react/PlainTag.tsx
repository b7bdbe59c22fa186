// React 19 without the wrapper: it sets the element's known properties (arrays included) and listens
// for `on<event-name>` props itself; `ik-uploader/react` types both.
import { useState } from 'react';
import type {} from '../../src/react/index.js';

interface Props {
  publicKey: string;
  authEndpoint: string;
  uploadEndpoint: string;
}

export function PlainTag({ publicKey, authEndpoint, uploadEndpoint }: Props) {
  const [paths, setPaths] = useState<string[]>([]);
  return (
    <section aria-labelledby="plain-h">
      <h2 id="plain-h">The plain tag, no wrapper (React 19)</h2>
      <ik-uploader
        id="plain"
        publicKey={publicKey}
        authEndpoint={authEndpoint}
        uploadEndpoint={uploadEndpoint}
        folder="/react-demo/plain"
        tags={['react-19', 'plain-tag']}
        responseFields="tags"
        onik-upload-success={(e) => {
          const { filePath, tags } = e.detail.response;
          setPaths((p) => [...p, `${filePath} [${(tags ?? []).join(', ')}]`]);
        }}
      />
      <ul id="plain-uploaded">
        {paths.map((p) => <li key={p}>{p}</li>)}
      </ul>
    </section>
  );
}
