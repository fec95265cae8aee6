import defaultTheme from 'tailwindcss/defaultTheme';
// By path: Tailwind loads its config through require(), which the package's import-only exports refuse.
import temporal, { textStyles } from './node_modules/@temporalio/ui/dist/theme/plugin.js';

// The UI's components carry Tailwind classes and its theme plugin; the CSS is generated from the classes they use.
export default {
  content: ['./src/**/*.{html,js,svelte}', './node_modules/@temporalio/ui/dist/**/*.{html,js,svelte}'],
  darkMode: ['selector', '[data-theme="dark"]'],
  theme: {
    fontFamily: {
      sans: ['Inter', ...defaultTheme.fontFamily.sans],
      mono: ['Noto Sans Mono', ...defaultTheme.fontFamily.mono],
    },
    extend: {
      animation: { 'spin-slow': 'spin 3s linear infinite' },
      zIndex: { 100: '100' },
    },
  },
  plugins: [temporal, textStyles],
};
