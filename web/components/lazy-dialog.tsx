import { Loader } from "@mantine/core";
import { lazy, Suspense, useState, type ComponentType } from "react";

/**
 * A dialog whose code loads the first time it opens, so pages do not carry dialogs nobody opened.
 * Once loaded it stays mounted, which keeps the closing transition and the focus return intact.
 */
export function lazyDialog<P extends { opened: boolean }>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Dialog = lazy(async () => ({ default: await load() }));
  return function LazyDialog(props: P) {
    const [wanted, setWanted] = useState(props.opened);
    if (props.opened && !wanted) setWanted(true);
    if (!wanted) return null;
    return (
      <Suspense
        fallback={<Loader aria-label="Opening dialog" pos="fixed" top="50%" left="50%" style={{ zIndex: 300 }} />}
      >
        <Dialog {...props} />
      </Suspense>
    );
  };
}
