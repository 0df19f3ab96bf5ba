// dt-sql-parser's ES modules import relative paths without ".js" (they are written for bundlers);
// Node resolves ES modules strictly, so this hook tries "<path>.js" and "<path>/index.js" as a bundler would.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('.')) throw error;
    for (const suffix of ['.js', '/index.js']) {
      try { return await next(specifier + suffix, context); } catch { /* try the next form */ }
    }
    throw error;
  }
}
