import type { ReactNode } from "react";

import { webAddress } from "../lib/identity";

/**
 * An address someone wrote into an identity: a link only when it is http(s) (never javascript:
 * or data:), opened without telling the site where from; anything else stays plain text.
 */
export function WebLink(props: { text: string; children?: ReactNode }) {
  const href = webAddress(props.text);
  if (!href) return <>{props.children ?? props.text}</>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {props.children ?? props.text}
    </a>
  );
}
