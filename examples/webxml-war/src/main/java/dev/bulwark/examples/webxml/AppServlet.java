package dev.bulwark.examples.webxml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.owasp.encoder.Encode;

/**
 * The example's whole application, and its only Java code. It configures nothing of Bulwark: every
 * control comes from {@code WEB-INF/web.xml}.
 *
 * <ul>
 *   <li>{@code GET /}: an HTML page whose one inline script carries the CSP nonce that {@code
 *       SecurityHeadersFilter} put in the request attribute {@code cspNonce}.
 *   <li>{@code GET /api/echo}: JSON naming the client address the container reports (as resolved by
 *       {@code ClientIpFilter}).
 *   <li>{@code POST /api/echo}: echoes a JSON body back.
 *   <li>{@code GET /api/account}: who the bearer token says the caller is, read through the
 *       standard servlet API ({@code getRemoteUser()}, {@code isUserInRole()}, {@code
 *       getAuthType()}) that {@code BearerTokenFilter} answers.
 *   <li>{@code GET /api/admin/report}: reached only with the role ADMIN (a web.xml role rule).
 *   <li>{@code GET /docs/…}: a documentation page with inline styles, under the relaxed header
 *       policy that a second {@code SecurityHeadersFilter} gives {@code /docs/*}.
 * </ul>
 */
public final class AppServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Creates the servlet; the container calls this. */
  public AppServlet() {}

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = path(req);
    if (path.equals("/")) {
      page(req, resp);
    } else if (path.equals("/docs") || path.startsWith("/docs/")) {
      resp.setContentType("text/html;charset=UTF-8");
      resp.getWriter()
          .print(
              "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
                  + "<title>Docs</title></head>\n<body>\n"
                  + "<p style=\"font-weight: bold\">Generated documentation</p>\n</body>\n</html>\n");
    } else if (path.equals("/api/echo")) {
      ObjectNode body = JSON.createObjectNode();
      body.put("client", req.getRemoteAddr());
      body.put("secure", req.isSecure());
      json(resp, body);
    } else if (path.equals("/api/account")) {
      ObjectNode body = JSON.createObjectNode();
      body.put("user", req.getRemoteUser());
      body.put("admin", req.isUserInRole("ADMIN"));
      body.put("authType", req.getAuthType());
      json(resp, body);
    } else if (path.equals("/api/admin/report")) {
      ObjectNode body = JSON.createObjectNode();
      body.put("report", "for administrators only");
      body.put("user", req.getRemoteUser());
      json(resp, body);
    } else {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!path(req).equals("/api/echo")) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    JsonNode received;
    try (InputStream in = req.getInputStream()) {
      received = JSON.readTree(in);
    } catch (IOException e) {
      resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("received", received);
    json(resp, body);
  }

  private static void page(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Object nonce = req.getAttribute("cspNonce");
    String n = nonce == null ? "" : Encode.forHtmlAttribute(nonce.toString());
    resp.setContentType("text/html;charset=UTF-8");
    resp.getWriter()
        .print(
            "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
                + "<title>Bulwark web.xml example</title></head>\n<body>\n"
                + "<h1>Configured by web.xml alone</h1>\n<p id=\"status\">script blocked</p>\n"
                + "<script nonce=\""
                + n
                + "\">document.getElementById('status').textContent = 'script ran';</script>\n"
                + "</body>\n</html>\n");
  }

  private static void json(HttpServletResponse resp, JsonNode body) throws IOException {
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    JSON.writeValue(resp.getOutputStream(), body);
  }

  private static String path(HttpServletRequest req) {
    String servletPath = req.getServletPath();
    String info = req.getPathInfo();
    String p = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    return p.isEmpty() ? "/" : p;
  }
}
