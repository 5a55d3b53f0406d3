import { useEffect, useState } from "react";

/** Reads `load()` again whenever `deps` change; the last answer wins. */
export function useChain<T>(load: () => Promise<T>, deps: unknown[]): { value?: T; error?: string } {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  useEffect(() => {
    let current = true;
    load()
      .then((value) => current && setState({ value }))
      .catch((error: Error) => current && setState({ error: error.message }));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
