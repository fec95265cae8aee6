import adapter from '@sveltejs/adapter-static';

// The Maven build passes the output folder (a cache outside target/); a hand-run `npm run build` writes ./build.
const out = process.env.BATON_UI_OUT || 'build';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // A single-page app: Baton's bridge answers every page path with index.html and the router takes over.
    adapter: adapter({ pages: out, assets: out, fallback: 'index.html', precompress: false }),
    // Absolute asset paths, so index.html works when served for a nested path such as /namespaces/default/workflows.
    paths: { relative: false },
    prerender: { entries: [] },
  },
};
