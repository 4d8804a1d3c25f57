import type { ComponentProps } from "react";
import { cn } from "../../lib/utils.ts";

export function Label({ className, ...props }: ComponentProps<"label">) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: callers pass htmlFor or wrap the control
    <label
      className={cn(
        "text-sm font-medium leading-none select-none peer-disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}
