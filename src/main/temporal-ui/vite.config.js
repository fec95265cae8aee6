import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  define: {
    // @temporalio/ui reads its API origin from VITE_API; empty means "the origin that served the page", which is
    // Baton's bridge.
    'import.meta.env.VITE_API': JSON.stringify(''),
  },
  build: {
    // The UI's bundle is large by nature (Monaco, CodeMirror); the warning would only repeat that on every build.
    chunkSizeWarningLimit: 8192,
    reportCompressedSize: false,
  },
});
