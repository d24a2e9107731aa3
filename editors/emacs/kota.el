;;; kota.el --- xref backend over a kota index  -*- lexical-binding: t; -*-

;;; Commentary:
;; M-. (definitions), M-? (references) and C-M-. (apropos) from kota's
;; index, by running kota-get: no TAGS file to keep current, and answers
;; follow every commit the hooks index.  Install: make install puts this
;; file in $(datadir)/emacs/site-lisp; then, in your init file:
;;
;;   (require 'kota)
;;   (add-hook 'xref-backend-functions #'kota-xref-backend)
;;
;; `kota-get-program' is the kota-get to run; with `kota-worktree' non-nil
;; the answers come from the index of the work tree (kota-hook worktree).
;; Emacs 29's eglot can use kota-lsp instead: see kota-lsp(1).

;;; Code:

(require 'xref)
(require 'cl-lib)

(defgroup kota nil "kota's symbol index." :group 'tools)

(defcustom kota-get-program "kota-get"
  "The kota-get program."
  :type 'string)

(defcustom kota-worktree nil
  "Non-nil: answer from the index of the work tree, not HEAD's."
  :type 'boolean)

(defun kota--top ()
  "The top of the work tree, which kota-get's --full-name paths are relative to."
  (or (locate-dominating-file default-directory ".git") default-directory))

(defun kota--lines (&rest args)
  "The lines kota-get prints with ARGS (grep format, paths from the top)."
  (let ((default-directory (kota--top)))
    (with-temp-buffer
      (apply #'process-file kota-get-program nil t nil
             (append (list "--full-name" "--format=grep")
                     (and kota-worktree (list "--worktree"))
                     args))
      (split-string (buffer-string) "\n" t))))

(defun kota--xrefs (lines)
  "xref items of LINES, PATH:LINE:COL: TEXT each."
  (let ((top (kota--top)))
    (delq nil
          (mapcar (lambda (l)
                    (when (string-match "\\`\\(.*?\\):\\([0-9]+\\):\\([0-9]+\\): \\(.*\\)\\'" l)
                      (xref-make (match-string 4 l)
                                 (xref-make-file-location
                                  (expand-file-name (match-string 1 l) top)
                                  (string-to-number (match-string 2 l))
                                  (1- (string-to-number (match-string 3 l)))))))
                  lines))))

;;;###autoload
(defun kota-xref-backend ()
  "The kota xref backend, for `xref-backend-functions'."
  'kota)

(cl-defmethod xref-backend-identifier-at-point ((_backend (eql kota)))
  (let ((s (thing-at-point 'symbol t)))
    (and s (substring-no-properties s))))

(cl-defmethod xref-backend-definitions ((_backend (eql kota)) identifier)
  (kota--xrefs (kota--lines "--" identifier)))

(cl-defmethod xref-backend-references ((_backend (eql kota)) identifier)
  (kota--xrefs (kota--lines "--refs" "--" identifier)))

(cl-defmethod xref-backend-apropos ((_backend (eql kota)) pattern)
  (kota--xrefs (kota--lines "-i" "--match" (concat "*" pattern "*"))))

(cl-defmethod xref-backend-identifier-completion-table ((_backend (eql kota)))
  nil)

(provide 'kota)
;;; kota.el ends here
