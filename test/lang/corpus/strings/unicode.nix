"héllo ☃ 𝄞 日本"
