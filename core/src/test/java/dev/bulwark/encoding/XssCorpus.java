package dev.bulwark.encoding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An XSS payload corpus assembled from the well-known public cheat-sheet families (script tags,
 * event handlers, {@code javascript:} URLs, attribute and element breakouts, {@code </script>} and
 * {@code </style>} breakouts, JavaScript string breakouts, template literals, entity and escape
 * tricks, SVG/MathML namespace confusion). Every payload calls {@code __xss()} when it runs, so a
 * page can detect execution. Base vectors are combined with breakout prefixes.
 */
final class XssCorpus {

  private XssCorpus() {}

  private static final String[] BASE = {
    "<script>__xss()</script>",
    "<SCRIPT>__xss()</SCRIPT>",
    "<script src=\"data:text/javascript,__xss()\"></script>",
    "<img src=x onerror=__xss()>",
    "<img src=x onerror=\"__xss()\">",
    "<IMG SRC=x ONERROR=__xss()>",
    "<img src=x onerror=&#95;&#95;xss()>",
    "<img src=x onerror=__xss&#40;&#41;>",
    "<svg onload=__xss()>",
    "<svg/onload=__xss()>",
    "<svg><script>__xss()</script></svg>",
    "<svg><script>__xss&#40;&#41;</script></svg>",
    "<body onload=__xss()>",
    "<iframe src=\"javascript:parent.__xss()\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss()</script>\"></iframe>",
    "<iframe onload=__xss()>",
    "<embed src=\"javascript:__xss()\">",
    "<input autofocus onfocus=__xss()>",
    "<select autofocus onfocus=__xss()>",
    "<textarea autofocus onfocus=__xss()></textarea>",
    "<details open ontoggle=__xss()>",
    "<video><source onerror=__xss()></video>",
    "<audio src=x onerror=__xss()>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss()>",
    "<a href=\"javascript:__xss()\">x</a>",
    "javascript:__xss()",
    "JaVaScRiPt:__xss()",
    "java\tscript:__xss()",
    " javascript:__xss()",
    "data:text/html,<script>parent.__xss()</script>",
    "\"><script>__xss()</script>",
    "'><script>__xss()</script>",
    "\"><img src=x onerror=__xss()>",
    "' onmouseover='__xss()",
    "\" autofocus onfocus=\"__xss()",
    "' autofocus onfocus='__xss()",
    "</script><script>__xss()</script>",
    "</SCRIPT><script>__xss()</script>",
    "</script ><script>__xss()</script>",
    "</title><script>__xss()</script>",
    "</textarea><script>__xss()</script>",
    "</style><script>__xss()</script>",
    "--><script>__xss()</script>",
    "<!--<script>__xss()</script>-->",
    "]]><script>__xss()</script>",
    "\";__xss();//",
    "';__xss();//",
    "\\\";__xss();//",
    "\\';__xss();//",
    "`;__xss();//",
    "${__xss()}",
    "`+__xss()+`",
    "\"+__xss()+\"",
    "'+__xss()+'",
    "\\u0022;__xss();//",
    "\u2028__xss();//",
    "\u2029__xss();//",
    "</script><img src=x onerror=__xss()>",
    "-->\"><img src=x onerror=__xss()>",
    "<style>@import 'javascript:__xss()';</style>",
    "}</style><script>__xss()</script>",
    "expression(__xss())",
    "url(javascript:__xss())",
    "\";}body{background:url(javascript:__xss())}",
    "<base href=\"javascript:__xss()//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:__xss()\">",
    "<form><button formaction=javascript:__xss()>x</button></form>",
    "<img src=\"x` `<script>__xss()</script>\"` `>",
    "<img \"\"\"><script>__xss()</script>\">",
    "<scr<script>ipt>__xss()</scr</script>ipt>",
    "<<script>__xss()//<</script>",
    "<script>__xss()//",
    "<svg><animate onbegin=__xss() attributeName=x dur=1s>",
    "<style onload=__xss()></style>",
    "<noscript><p title=\"</noscript><img src=x onerror=__xss()>\">",
    "%3Cscript%3E__xss()%3C/script%3E",
    "&lt;script&gt;__xss()&lt;/script&gt;",
    "<a href=\"&#106;avascript:__xss()\">x</a>",
    "<img src=x onerror=window['__x'+'ss']()>",
    "<img src=x onerror=top.__xss()>",
    "<img src=x onerror=(__xss)()>",
    "<svg><foreignObject><img src=x onerror=__xss()></foreignObject></svg>",
    "<div style=\"background:url(javascript:__xss())\">",
    "\"><svg onload=__xss()>",
    "'\"--></style></script><script>__xss()</script>",
    "\\x3cscript\\x3e__xss()\\x3c/script\\x3e",
    "\\u003cscript\\u003e__xss()\\u003c/script\\u003e",
    "<img src=x onerror=__xss() ",
    "\uff1cscript\uff1e__xss()\uff1c/script\uff1e",
    "<img src=x onerror=\"&#x5f;&#x5f;xss()\">",
    "<x onclick=__xss() contenteditable autofocus onfocus=__xss()>",
  };

  private static final String[] PREFIXES = {"", "\">", "'>", "</script>", "-->", "\");", "'));"};

  /**
   * The corpus: every base vector alone and behind each breakout prefix, without duplicates.
   *
   * @return at least 200 payloads
   */
  static List<String> payloads() {
    Set<String> out = new LinkedHashSet<>();
    for (String prefix : PREFIXES) {
      for (String b : BASE) {
        out.add(prefix + b);
      }
    }
    return new ArrayList<>(out);
  }
}
