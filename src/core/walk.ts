/**
 * Depth-first over a tree, parents before children, as one array. An explicit stack: recursion
 * costs a frame per level on trees 10,000 levels deep. An array, not a generator: the checks walk
 * every tree whole, and resuming a generator for each of its thousands of nodes cost more.
 */
export function depthFirst<T>(roots: readonly T[], childrenOf: (item: T) => readonly T[] | undefined): T[] {
  const out: T[] = [];
  const stack: { list: readonly T[]; index: number }[] = [{ list: roots, index: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.index >= top.list.length) {
      stack.pop();
      continue;
    }
    const item = top.list[top.index++];
    out.push(item);
    const children = childrenOf(item);
    if (children && children.length > 0) stack.push({ list: children, index: 0 });
  }
  return out;
}
