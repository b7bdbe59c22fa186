// Uploadcare's file uploader as its README installs it from npm: every block defined, index.css.
import * as UC from '@uploadcare/file-uploader';
import '@uploadcare/file-uploader/index.css';

UC.defineComponents(UC);
export { UC };
