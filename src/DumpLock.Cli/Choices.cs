namespace DumpLock.Cli;

/// <summary>Option checks with one-line errors: an enum's names (the message lists them), and plain conditions.</summary>
internal static class Choices
{
    /// <summary>The longest timeout or interval taken, a day: longer ones overflow the runtime's timers.</summary>
    public const int MaxSeconds = 86_400;

    public static TEnum Parse<TEnum>(string option, string value) where TEnum : struct, Enum
    {
        if (Enum.TryParse(value, ignoreCase: true, out TEnum parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }
        string available = string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        throw new DumpLockException($"The provided {option} \"{value}\" is invalid. Available options are: {available}.");
    }

    /// <summary>Throws the one-line error <paramref name="message"/> unless <paramref name="valid"/>.</summary>
    public static void Require(bool valid, string message)
    {
        if (!valid)
        {
            throw new DumpLockException(message);
        }
    }
}
