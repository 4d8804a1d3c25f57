import { Label } from "../../components/ui/label.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";

interface CurrencyPickerProps {
  /** Billing currencies with cost in the period. */
  currencies: string[];
  currency: string | null;
  onChange: (currency: string) => void;
}

/**
 * Which billing currency a cost page reports in: amounts in different currencies are never
 * added up. Shown only when the period has costs in more than one.
 */
export function CurrencyPicker({ currencies, currency, onChange }: CurrencyPickerProps) {
  const choices = currencies.filter((c) => c !== "");
  if (choices.length < 2 || !currency) return null;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor="costs-currency" className="text-xs text-muted-foreground">
        Currency
      </Label>
      <Select value={currency} onValueChange={onChange}>
        <SelectTrigger id="costs-currency" className="w-28">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {choices.map((c) => (
            <SelectItem key={c} value={c}>
              {c}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
