/** Style sheets are imported for esbuild, which bundles them into page.css. */
declare module '*.css';
