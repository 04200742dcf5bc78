// Module resolution hook: a bare specifier that the function's own node_modules cannot satisfy
// is resolved from the NODE_PATH directories (layers, then the runtime's bundled SDK).
let parents = [];

export function initialize(data) {
  parents = data?.parents ?? [];
}

const isBare = (specifier) => !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!isBare(specifier)) throw error;
    for (const parentURL of parents) {
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch {
        // try the next directory
      }
    }
    throw error;
  }
}
