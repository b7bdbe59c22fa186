// A React app as users write one: state in the parent, new handler closures on every render, and a
// prop (`folder`) that changes while files upload. None of it restarts an upload.
import { useState } from 'react';
import { IkUploader, type ImageKitFile } from '../../src/react/index.js';
import { PlainTag } from './PlainTag.js';

interface Props {
  publicKey: string;
  authEndpoint: string;
  uploadEndpoint: string;
}

export function App({ publicKey, authEndpoint, uploadEndpoint }: Props) {
  const [folder, setFolder] = useState('/react-demo');
  const [files, setFiles] = useState<ImageKitFile[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [counts, setCounts] = useState({ started: 0, uploaded: 0, failed: 0 });
  const [errors, setErrors] = useState<string[]>([]);
  const [renders, setRenders] = useState(0);
  const [value, setValue] = useState<string[]>([]);

  return (
    <>
      <p>
        <label>
          Folder for the next upload{' '}
          <input id="folder" value={folder} onChange={(e) => setFolder(e.target.value)} />
        </label>{' '}
        <button type="button" id="rerender" onClick={() => setRenders((n) => n + 1)}>
          Re-render the app
        </button>{' '}
        <span>
          (re-rendered <span id="renders">{renders}</span> {renders === 1 ? 'time' : 'times'} by hand)
        </span>
      </p>
      <IkUploader
        id="wrapped"
        publicKey={publicKey}
        authEndpoint={authEndpoint}
        uploadEndpoint={uploadEndpoint}
        folder={folder}
        accept="image/*"
        multiple
        onUploadStart={() => setCounts((c) => ({ ...c, started: c.started + 1 }))}
        onUploadProgress={(e) => {
          const { id, loaded, total } = e.detail;
          setProgress((p) => ({ ...p, [id]: total ? Math.round((loaded / total) * 100) : 0 }));
        }}
        onUploadSuccess={(e) => {
          setCounts((c) => ({ ...c, uploaded: c.uploaded + 1 }));
          setFiles((f) => [...f, e.detail.response]);
        }}
        onUploadError={(e) => {
          setCounts((c) => ({ ...c, failed: c.failed + 1 }));
          setErrors((list) => [...list, `${e.detail.file.name}: ${e.detail.error.message}`]);
        }}
        onFileRejected={(e) => setErrors((list) => [...list, `${e.detail.file.name}: ${e.detail.message}`])}
        onIkChange={(e) => setValue(e.detail.value)}
      />
      <p>
        Value (from <code>onIkChange</code>): <output id="value">{value.length ? value.join(' ') : 'none yet'}</output>
      </p>
      <p id="counts">
        started <span data-count="started">{counts.started}</span>, uploaded{' '}
        <span data-count="uploaded">{counts.uploaded}</span>, failed <span data-count="failed">{counts.failed}</span>
        {Object.keys(progress).length > 0 && <> (last progress {Object.values(progress).at(-1)}%)</>}
      </p>
      <h2>Uploaded</h2>
      <ul id="uploaded" className="uploaded">
        {files.map((f) => (
          <li key={f.fileId}>
            {f.thumbnailUrl && <img src={f.thumbnailUrl} alt="" width={48} height={48} />}
            <a href={f.url} target="_blank" rel="noopener">{f.name}</a>
            <span data-path>{f.filePath}</span>
          </li>
        ))}
      </ul>
      {errors.length > 0 && (
        <ul id="errors">
          {errors.map((m, i) => <li key={i}>{m}</li>)}
        </ul>
      )}
      <PlainTag publicKey={publicKey} authEndpoint={authEndpoint} uploadEndpoint={uploadEndpoint} />
    </>
  );
}
