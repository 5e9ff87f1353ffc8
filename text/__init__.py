"""The words of the app, in one pure layer (no Streamlit, no model): the catalogue of
Vietnamese/English strings (:mod:`text.catalogue`), the translator and the language's number
formatting (:mod:`text.i18n`), and the wording of the problems the model and the register
report as codes (:mod:`text.problems`). The UI, the register and the command line take their
words from here."""
