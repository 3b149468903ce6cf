namespace DumpLock.Cli;

/// <summary>Parses an option whose values are an enum's names, with a message that lists them.</summary>
internal static class Choices
{
    public static TEnum Parse<TEnum>(string option, string value) where TEnum : struct, Enum
    {
        if (Enum.TryParse(value, ignoreCase: true, out TEnum parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }
        string available = string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        throw new DumpLockException($"The provided {option} \"{value}\" is invalid. Available options are: {available}.");
    }
}
