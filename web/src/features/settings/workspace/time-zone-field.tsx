import { describedBy, FormField } from "../../../components/form-field.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";

/** Every IANA zone this browser knows, UTC first (Intl leaves UTC itself out of the list). */
const ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The wall-clock time now in the zone, or null while what is typed is not a zone. */
function nowIn(zone: string, locale: string): string | null {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      weekday: "short",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(new Date());
  } catch {
    return null;
  }
}

/** A searchable IANA time zone input: type to filter the browser's list of zones. */
export function TimeZoneField({
  value,
  onChange,
  locale,
  error,
  disabled,
}: {
  value: string;
  onChange: (zone: string) => void;
  locale: string;
  error?: string;
  disabled?: boolean;
}) {
  const now = value.trim() ? nowIn(value.trim(), locale) : null;
  const hint = error
    ? undefined
    : now
      ? `Now ${now} there. Days, timesheets, due dates and invoice periods start at its midnight.`
      : "Type to search, such as Sydney or Los_Angeles.";
  return (
    <FormField id="workspace-timezone" label="Time zone" error={error} hint={hint}>
      <div className="flex gap-2">
        <Input
          id="workspace-timezone"
          list="workspace-timezones"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={!!error}
          aria-describedby={describedBy("workspace-timezone", error, hint)}
          data-testid="workspace-timezone"
        />
        {!disabled && BROWSER_ZONE && BROWSER_ZONE !== value && (
          <Button type="button" variant="outline" onClick={() => onChange(BROWSER_ZONE)}>
            Use {BROWSER_ZONE}
          </Button>
        )}
      </div>
      <datalist id="workspace-timezones">
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </FormField>
  );
}
