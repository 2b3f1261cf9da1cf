/**
 * Depth-first over a tree, parents before children. An explicit stack: nested `yield*` costs a
 * generator per level, and time per level for every item, on trees 10,000 levels deep.
 */
export function* depthFirst<T>(roots: readonly T[], childrenOf: (item: T) => readonly T[] | undefined): Generator<T> {
  const stack: { list: readonly T[]; index: number }[] = [{ list: roots, index: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.index >= top.list.length) {
      stack.pop();
      continue;
    }
    const item = top.list[top.index++];
    yield item;
    const children = childrenOf(item);
    if (children && children.length > 0) stack.push({ list: children, index: 0 });
  }
}
