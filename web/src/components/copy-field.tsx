import { Check, Copy } from "lucide-react";
import { useRef } from "react";
import { useCopy } from "../lib/use-copy.ts";
import { Button } from "./ui/button.tsx";

interface CopyFieldProps {
  value: string;
  label: string;
  testId?: string;
}

/** A read-only value (a secret shown once, a link) with a copy button. */
export function CopyField({ value, label, testId }: CopyFieldProps) {
  const { copied, copy } = useCopy();
  const ref = useRef<HTMLElement>(null);
  const onCopy = async () => {
    if (await copy(value)) return;
    // No clipboard (plain http on another host): select the text so Ctrl+C works.
    const node = ref.current;
    if (node) window.getSelection()?.selectAllChildren(node);
  };
  return (
    <fieldset className="m-0 flex min-w-0 items-stretch gap-2 border-0 p-0">
      <legend className="sr-only">{label}</legend>
      <code
        ref={ref}
        data-testid={testId}
        className="min-w-0 flex-1 rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all select-all"
      >
        {value}
      </code>
      <Button variant="outline" onClick={onCopy} aria-label={`Copy ${label.toLowerCase()}`}>
        {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
        {copied ? "Copied" : "Copy"}
      </Button>
    </fieldset>
  );
}
