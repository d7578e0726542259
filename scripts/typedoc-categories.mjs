// TypeDoc plugin: groups each package's API by the source folder it lives in, so the site has categories
// (Runtime, Contracts, Errors, …) without a `@category` tag on every declaration. An explicit `@category`
// always wins. New exports land in the right category by where their file is, whatever branch adds them.
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

/** Folder → category where the folder's name alone reads badly. */
const NAMES = {
  clock: 'Clocks and randomness',
  random: 'Clocks and randomness',
  memory: 'In-memory implementations',
  retry: 'Retries and error classification',
  throttle: 'Throttling',
  redaction: 'Redaction',
  runtime: 'Runtime',
  api: 'API handlers',
  http: 'HTTP',
};

const TOP_LEVEL =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.Function |
  ReflectionKind.Variable |
  ReflectionKind.TypeAlias |
  ReflectionKind.Enum;

/** The category of a source file: its first folder under `packages/<name>/src/`, or none. */
export function categoryOf(fileName) {
  const match = /packages\/[^/]+\/src\/([^/]+)\//.exec(fileName.replaceAll('\\', '/'));
  if (!match) return undefined;
  const folder = match[1];
  if (NAMES[folder]) return NAMES[folder];
  const words = folder.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(TOP_LEVEL)) return;
    if (!reflection.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project)) return;
    if (reflection.comment?.getTag('@category')) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const declaration = symbol?.declarations?.[0];
    const category = declaration && categoryOf(declaration.getSourceFile().fileName);
    if (!category) return;
    reflection.comment ??= new Comment();
    reflection.comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: category }]));
  });
}
