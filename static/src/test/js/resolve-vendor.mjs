// Module resolve hook: `…/vendor/strophe.esm.js` (copied next to the assets by the Maven build) is the
// npm package's file while testing the sources in place.

const STROPHE = new URL('../../../node_modules/strophe.js/dist/strophe.esm.js', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier.endsWith('/vendor/strophe.esm.js')) return { url: STROPHE, shortCircuit: true };
  return next(specifier, context);
}
